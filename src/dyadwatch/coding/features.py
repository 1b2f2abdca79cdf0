"""Features of a (source, target) actor pair in a parsed sentence, for the learned pair classifier.

Everything is read off the dependency parse: the path between the two actors (through the verb
that links them), that verb's particles, objects and complements, the words between the actors
and the content words of the sentence. Features are plain strings; the model maps the ones it
knows to weights and ignores the rest."""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Span, Token

_LINK_CHILD_DEPS = {"dobj", "prt", "neg", "xcomp", "ccomp", "prep", "attr", "acomp", "aux",
                    "dative", "advmod", "agent"}
_CONTENT_POS = {"VERB", "NOUN", "ADJ", "ADV", "ADP"}
_MAX_BETWEEN = 12


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _linking_token(source: Token, target: Token | None) -> tuple[Token, list[Token]]:
    """The lowest common ancestor of the two actors (or the verb governing a lone source) and the
    tokens on the path between them, endpoints excluded."""
    up_from_source = [source, *source.ancestors]
    if target is None:
        verb = next((t for t in up_from_source[1:] if t.pos_ in ("VERB", "AUX")), source.sent.root)
        path = [t for t in up_from_source[1:] if t.i != verb.i and verb.is_ancestor(t)]
        return verb, path
    up_from_target = [target, *target.ancestors]
    target_chain = {t.i for t in up_from_target}
    lca = next((t for t in up_from_source if t.i in target_chain), source.sent.root)
    path = [t for t in up_from_source[1:] if t.i != lca.i and lca.is_ancestor(t)]
    path += [t for t in up_from_target[1:] if t.i != lca.i and lca.is_ancestor(t)]
    return lca, path


def linking_token(source: Token, target: Token | None) -> Token:
    """The token that links the two actors (or governs a lone one): the event's trigger."""
    return _linking_token(source, target)[0]


def _modality_cues(link: Token, path: list[Token]) -> list[str]:
    """Negation and future/conditional cues around the linking verb: "will provide" is an
    intent (AGREE), "refused to" a rejection, "threatened to ... if" a threat."""
    cues = set()
    for tok in [link, *path, *link.ancestors]:
        for child in tok.children:
            if child.dep_ == "neg":
                cues.add("mod:neg")
            elif child.dep_ in ("aux", "auxpass") and _lemma(child) in ("will", "would", "shall"):
                cues.add("mod:future")
            elif child.dep_ in ("aux", "auxpass") and _lemma(child) in ("could", "might", "may"):
                cues.add("mod:possible")
            elif child.dep_ == "mark" and _lemma(child) in ("if", "unless"):
                cues.add("mod:condition")
    return sorted(cues)


def _climb(token: Token, top: Token) -> list[str]:
    """Dependency labels from `token` up to (not including) `top`."""
    labels = []
    while token.i != top.i and token.head.i != token.i and len(labels) < 6:
        labels.append(token.dep_)
        token = token.head
    return labels


def _dependency_path(source: Token, target: Token | None, link: Token) -> list[str]:
    """Who is whose argument: "nsubj>strike<pobj<prep" tells the attacker from the attacked,
    whichever the words; the direction the classifier must learn."""
    up = "^".join(_climb(source, link)) or "self"
    down = "^".join(_climb(target, link)) if target is not None else "none"
    return [f"dpath:{up}>{down}", f"dpathl:{up}>{_lemma(link)}<{down}",
            f"sfirst:{up.split('^')[0]}", f"tfirst:{down.split('^')[0]}"]


def pair_features(source: Span, target: Span | None) -> list[str]:
    """Feature strings for "what did `source` do to `target`" in the sentence holding them."""
    sent = source.sent
    s_head = source.root
    t_head = target.root if target is not None else None
    link, path = _linking_token(s_head, t_head)
    feats = ["bias", f"link:{_lemma(link)}", f"link_pos:{link.pos_}", f"sdep:{s_head.dep_}",
             f"tdep:{t_head.dep_ if t_head is not None else 'NONE'}",
             # What the actors are ("workers", "court", "border", "vote") hints at the act.
             f"shead:{_lemma(s_head)}", f"thead:{_lemma(t_head) if t_head is not None else 'NONE'}",
             f"link_thead:{_lemma(link)}:{_lemma(t_head) if t_head is not None else 'NONE'}"]
    feats += _modality_cues(link, path)
    feats += _dependency_path(s_head, t_head, link)
    for tok in path:
        feats.append(f"path:{_lemma(tok)}")
        feats.append(f"path_dep:{tok.dep_}:{_lemma(tok)}")
    # The verb's own arguments say what kind of act it is ("held talks", "fired missiles at").
    for verb in [link, *[t for t in path if t.pos_ == "VERB"]]:
        feats.append(f"verb:{_lemma(verb)}")
        for child in verb.children:
            if child.dep_ in _LINK_CHILD_DEPS:
                feats.append(f"arg:{child.dep_}:{_lemma(child)}")
                feats.append(f"va:{_lemma(verb)}:{_lemma(child)}")
                for grandchild in child.children:
                    if grandchild.dep_ in ("pobj", "dobj", "compound", "amod"):
                        feats.append(f"arg2:{_lemma(child)}:{_lemma(grandchild)}")
    inside = set(range(source.start, source.end))
    if target is not None:
        inside |= set(range(target.start, target.end))
        lo, hi = sorted((source.end, target.start)) if source.start < target.start \
            else sorted((target.end, source.start))
        feats.append("order:st" if source.start < target.start else "order:ts")
        between = [t for t in sent.doc[lo:hi] if not t.is_punct][:_MAX_BETWEEN]
        lemmas = [_lemma(t) for t in between]
        feats += [f"btw:{w}" for w in lemmas]
        feats += [f"btw2:{a}_{b}" for a, b in pairwise(lemmas)]
        before_target = [t for t in sent.doc[max(sent.start, target.start - 2):target.start]]
        feats += [f"tpre:{_lemma(t)}" for t in before_target]
    feats += [f"w:{_lemma(t)}" for t in sent
              if t.i not in inside and t.pos_ in _CONTENT_POS and not t.is_stop]
    return feats
