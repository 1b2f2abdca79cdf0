"""Find actor mentions: knowledge-base aliases matched in the parsed text, widened to the noun
phrase they name ("South Korean" -> "South Korean President Yoon Suk-yeol"), with the sector read
from the title or head noun of that phrase ("President" -> GOV, "Defense Ministry" -> MIL)."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dyadwatch.actors.coref import resolve_references
from dyadwatch.actors.generic import generic_mentions
from dyadwatch.actors.kb import ActorKB, Alias
from dyadwatch.actors.spans import MentionSpan

NOUNS = {"NOUN", "PROPN"}
# Dependencies that attach a modifier inside a noun phrase; we climb them to the phrase's head.
_NP_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "flat", "appos"}
# Bodies of water and landforms named after a country ("the South China Sea", "the Gulf of
# Finland", "the Korean Peninsula"): places, never the country as an actor.
GEOGRAPHIC_FEATURES = {"gulf", "bay", "strait", "straits", "ocean", "canal", "channel", "river",
                       "lake", "peninsula", "valley", "sea", "seas", "delta"}
# "the sidelines of the G20", "the coast of Japan": places, not the actor named inside them.
LOCATIVE_NOUNS = {"sideline", "sidelines", "margin", "margins", "side", "area", "coast", "water",
                  "waters", "border", "region", "outskirts", "vicinity", "part", "north", "south",
                  "east", "west", "city", "capital", "territory", "soil", "airspace", "island",
                  "province", "town", "village", "district", "zone"} | GEOGRAPHIC_FEATURES
# Nouns of meetings, relations and matters: a name that merely modifies one ("the G20 summit",
# "the US-Japan relationship", "the EU-Mercosur trade deal") names no actor.
MATTER_HEADS = {
    "relationship", "relation", "tie", "dialogue", "talk", "deal", "agreement", "pact", "treaty",
    "accord", "dispute", "alliance", "partnership", "summit", "meeting", "conference", "forum",
    "rivalry", "tension", "standoff", "border", "trade", "economy", "market",
    # accidents and disasters ("the Air France crash") are no one's act
    "crash", "explosion", "accident", "blast", "earthquake", "flood", "storm", "fire", "collapse"}
# Heads of phrases that name an act, a relation or a matter, not an actor: the country in
# "Iran's drone strike on Israel" is the actor, never the whole phrase.
NOT_ACTOR_HEADS = MATTER_HEADS | {
    "conflict", "war", "strike", "attack", "invasion", "offensive", "shelling", "bombing", "test",
    "launch", "visit",
    "call", "sanction", "protest", "cooperation", "trade", "economy", "market", "export",
    "import", "election", "vote", "referendum", "crisis", "policy", "decision", "move", "plan",
    "proposal", "condemnation", "criticism", "response", "reaction", "threat", "warning",
    "demand", "arrest", "detention", "exercise", "drill", "rivalry", "tension", "standoff",
    "negotiation", "ceasefire", "truce", "campaign", "operation", "airstrike", "raid", "ban"}
# Forms that name a government when used alone ("Seoul said"): capitals and seats of power.
_METONYM_FORMS = {"capital"}
_FORMER_WORDS = {"former", "ex", "ex-president", "ex-prime", "late"}


class MentionFinder:
    """Built once per process from the knowledge base and the pipeline's vocabulary."""

    def __init__(self, nlp: Language, kb: ActorKB, generic: bool = True) -> None:
        self.kb = kb
        self.generic = generic  # also actors the knowledge base does not list (actors/generic.py)
        self._aliases: dict[int, list[Alias]] = {}
        self._actor_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_text: dict[str, list[Alias]] = {}
        for alias in kb.aliases:
            by_text.setdefault(alias.text, []).append(alias)
        texts = sorted(by_text)
        # Upper-case text ("TEHRAN", "SECURITY COUNCIL" in datelines and headlines) is matched
        # case-insensitively; elsewhere case tells "Turkey" from "turkey".
        # Aliases from PETRARCH dictionaries (upper case) match in any case.
        self._caps_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._any_case_keys: set[int] = set()
        for text, pattern in zip(texts, nlp.tokenizer.pipe(texts)):
            key = nlp.vocab.strings.add(f"ACTOR:{text}")
            self._aliases[key] = by_text[text]
            self._actor_matcher.add(f"ACTOR:{text}", [pattern])
            if any(a.any_case for a in by_text[text]):
                self._any_case_keys.add(key)
                self._caps_matcher.add(f"ACTOR:{text}", [pattern])
            elif not text.isupper() and len(text) > 3:
                self._caps_matcher.add(f"ACTOR:{text}", [pattern])
        # Misspelt place names ("Kazahks", "Dehli"): one-word country names, demonyms, capitals
        # and curated regions, see `_transposed_matches`. Not the gazetteer's many small cities
        # nor ambiguous names: "Heart" is not Herat, "Stanely" not Stanley.
        self._one_word_places = {
            text: nlp.vocab.strings[f"ACTOR:{text}"] for text in texts
            if _fuzzy_candidate(text) and text not in kb.ambiguous
            and all(a.form in _FUZZY_FORMS and not a.entry.id.startswith("city:")
                    for a in by_text[text])}
        # "Latin America", "North American": phrases around an alias that name no actor.
        self._not_actor_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._not_actor_matcher.add("NOT_ACTOR", list(nlp.tokenizer.pipe(kb.not_actors)))
        self._sector_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = sorted(kb.sectors)
        for phrase, pattern in zip(phrases, nlp.tokenizer.pipe(phrases)):
            self._sector_matcher.add(f"SECTOR:{phrase}", [pattern])

    def find(self, doc: Doc, on_date: str | None = None) -> list[MentionSpan]:
        """Actor mentions in `doc`; people and institutions are resolved as of `on_date`
        (the publication date), so a president's sector can be GOV in 2023 and ELI in 2026."""
        sector_spans = self.sector_spans(doc)
        raw = self._alias_matches(doc)
        raw += self._transposed_matches(doc, raw)
        raw = self._outside_not_actor_phrases(doc, raw)
        keys = {(s, e): k for k, s, e in raw}
        matches = [doc[s:e] for _, s, e in raw]
        mentions = []
        for span in filter_spans(matches):
            if _inside_longer_sector_phrase(span, sector_spans):
                continue  # "National Security Council" is not the UN "Security Council"
            aliases = self._aliases[keys[(span.start, span.end)]]
            alias = _pick_alias(aliases, self.kb, on_date)
            if alias is None or alias.entry.id.startswith("city:") \
                    and not _is_place_name(span, sector_spans):  # curated regions need no check
                continue
            if _names_geographic_feature(span, noun_phrase_head(span.root)):
                continue  # "the South China Sea", "the Gulf of Finland": places
            # "the G20 summit", "the US-Japan relationship": the name alone, and no event actor
            matter = _modifies_a_matter(span)
            # "Iran's drone strike on Israel": the phrase ends before the act.
            head = span.root if matter else noun_phrase_head(span.root, stop=NOT_ACTOR_HEADS)
            start, end = (span.start, span.end) if matter else _phrase_bounds(doc, head, span)
            end = _through_sector_phrase(doc, sector_spans, start, end)
            sector = self._phrase_sector(doc, span, alias, start, end, head, sector_spans)
            country = alias.entry.country
            if alias.entry.kind in ("person", "institution"):
                standing, role = self.kb.standing(alias.entry, on_date)
                if role is not None:
                    country = role.country or country
                sector = standing or sector
            if _is_former(doc, start, head, span):
                sector = "ELI"
            mentions.append(MentionSpan(start, end, head.i, span.start, span.end, alias.entry,
                                        alias.form, sector, country, modifies_matter=matter))
        found = _one_per_phrase(_split_coordinated(doc, mentions))
        found = resolve_references(doc, found, self.kb, sector_spans)
        if not self.generic:
            return found
        taken = {i for m in found for i in range(m.start, m.end)}
        return sorted(found + generic_mentions(doc, taken, sector_spans, found),
                      key=lambda m: (m.start, m.alias_start))

    def _transposed_matches(self, doc: Doc, raw: list[tuple[int, int, int]]
                            ) -> list[tuple[int, int, int]]:
        """A capitalised word that matched nothing and becomes exactly one known place name when
        two neighbouring letters are swapped ("Kazahks" -> "Kazakhs", "Dehli" -> "Delhi"). Only
        words of five letters or more, tagged as proper nouns (a bare word to resolve has no
        context to tag): short words have too many neighbours, and "Heart" is not Herat."""
        covered = {i for _, s, e in raw for i in range(s, e)}
        found = []
        for token in doc:
            if token.i in covered or not _fuzzy_candidate(token.text) or token.is_stop \
                    or token.pos_ != "PROPN" and len(doc) > 1:
                continue
            text = token.text
            keys = {self._one_word_places[v] for v in (
                text[:i] + text[i + 1] + text[i] + text[i + 2:] for i in range(len(text) - 1))
                if v != text and v in self._one_word_places}
            if len(keys) == 1:
                found.append((keys.pop(), token.i, token.i + 1))
        return found


    def _outside_not_actor_phrases(self, doc: Doc, raw: list[tuple[int, int, int]]
                                   ) -> list[tuple[int, int, int]]:
        """The alias matches that do not lie inside a phrase of data/not_actors.tsv."""
        blocked = [(s, e) for _, s, e in self._not_actor_matcher(doc)]
        if not blocked:
            return raw
        return [(k, s, e) for k, s, e in raw
                if not any(bs <= s and e <= be for bs, be in blocked)]

    def _alias_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key, start, end) of the knowledge base's aliases in `doc`: case-sensitive, plus
        upper-case text and the any-case aliases matched case-insensitively."""
        raw = list(self._actor_matcher(doc))
        if self._any_case_keys or any(t.is_upper and len(t) > 3 for t in doc):
            raw += [(k, s, e) for k, s, e in self._caps_matcher(doc)
                    if k in self._any_case_keys or doc[s:e].text.isupper()]
        return raw

    def alias_starts(self, doc: Doc) -> set[int]:
        """Tokens where `find` would see an actor alias begin. Reads the tokens only, so the
        sentence pre-filter (nlp/prefilter.py) can ask before anything is parsed."""
        return {s for _, s, _ in self._outside_not_actor_phrases(doc, self._alias_matches(doc))}

    def _phrase_sector(self, doc: Doc, alias_span: Span, alias: Alias, start: int, end: int,
                       head: Token, sector_spans: list[tuple[int, int, str]]) -> str | None:
        """The sector a phrase's words give, else the one its alias implies."""
        # Sector words inside the alias itself ("People's Republic", "Doctors Without Borders")
        # say nothing about the actor's sector -- unless they are the whole alias ("Abkhazia" is
        # a PRE phrase) or the alias is a seat of power ("the Pentagon" is the military).
        outside = sector_spans if alias.form in _METONYM_FORMS else [
            x for x in sector_spans if x[1] <= alias_span.start or x[0] >= alias_span.end
            or (x[0], x[1]) == (alias_span.start, alias_span.end)
            # A sector phrase that runs on past a place name ends the phrase: "Kano State |
            # government" (alias "Kano State", sector phrase "state government").
            or alias.form == "city" and alias_span.start < x[0] and x[1] > alias_span.end]
        inside = [x for x in outside if x[0] >= start and x[1] <= end]
        sector = self._title_of_body(doc, inside, head) or _sector_in(outside, start, end, head.i)
        sector = sector or alias.entry.sector
        if sector is None and alias.form == "city":
            sector = "CVL"  # a city that is not a seat of power stands for the people there
        if sector is None and alias.form in _METONYM_FORMS and head.i < alias_span.end:
            # "Seoul said" is the government; "a park in Kabul" is a place, like any city.
            sector = "CVL" if _is_location(alias_span) else "GOV"
        return sector

    def _title_of_body(self, doc: Doc, inside: list[tuple[int, int, str]],
                       head: Token) -> str | None:
        """"President of the Riigikogu", "chairman of the company's board": a title at the head
        takes the sector of the body it heads, when that body names one."""
        at_head = [x for x in inside if x[0] <= head.i < x[1]]
        if not at_head or self.kb.sectors.get(doc[at_head[0][0]:at_head[0][1]].text.lower(),
                                              ("", ""))[1] != "title":
            return None
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None:
            return None
        body = [x for x in inside if x[0] > of.i and x[1] <= of.right_edge.i + 1]
        return body[-1][2] if body else None

    def phrase_sector(self, doc: Doc) -> str | None:
        """The sector the words of a phrase without any actor name give: the title's body
        ("chairman of the company's board" -> BUS), else the head's word, else the nearest."""
        spans = self.sector_spans(doc)
        if not spans:
            return None
        root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
        return self._title_of_body(doc, spans, root) or _sector_in(spans, 0, len(doc), root.i)

    def sector_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, sector) of the sector words and phrases in `doc`, longest first."""
        spans = filter_spans([doc[s:e] for _, s, e in self._sector_matcher(doc)])
        result = []
        for span in spans:
            sector = self.kb.sector_of(span.text)
            if sector:
                result.append((span.start, span.end, sector))
        return result


def _modifies_a_matter(alias: Span) -> bool:
    """The alias is a modifier (not a possessor) of a meeting, relation or matter noun, directly
    or through the other names of a compound ("the US-Japan relationship")."""
    token = alias.root
    for _ in range(4):
        if token.dep_ not in ("compound", "amod", "nmod", "npadvmod") or token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in MATTER_HEADS:
            return True
    return False


def _names_geographic_feature(alias: Span, head: Token) -> bool:
    """The alias is part of a sea's, gulf's or peninsula's name: it modifies the feature word
    ("the South China Sea") or is its "of" phrase ("the Gulf of Finland")."""
    if head.lower_ in GEOGRAPHIC_FEATURES and not alias.start <= head.i < alias.end:
        return True
    of = alias.root.head
    return alias.root.dep_ == "pobj" and of.lower_ == "of" \
        and of.head.lower_ in GEOGRAPHIC_FEATURES


def _split_coordinated(doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """When a misparse puts two actors in one phrase ("South Korean President Yoon Suk-yeol and
    U.S. President Joe Biden" as one noun phrase), cut the phrase at the conjunction between
    their aliases. Both parts keep the shared head, so the verb still finds both actors."""
    result = []
    for m in mentions:
        start, end = m.start, m.end
        for other in mentions:
            if other is m or other.head != m.head or other.entry.id == m.entry.id:
                continue
            lo, hi = sorted((m.alias_end, other.alias_start)) if other.alias_start >= m.alias_end \
                else sorted((other.alias_end, m.alias_start))
            cut = next((t.i for t in doc[lo:hi] if t.dep_ == "cc" or t.lower_ in {"and", ","}),
                       None)
            later = other if other.alias_start >= m.alias_end else m
            if cut is None or _is_apposition_of(doc[later.alias_start:later.alias_end].root,
                                                 doc[m.head]):
                continue
            if other.alias_start >= m.alias_end:
                end = min(end, cut)
            else:
                start = max(start, cut + 1)
        while end > start + 1 and doc[end - 1].is_punct and not _closes_bracket(doc, start, end):
            end -= 1
        result.append(replace(m, start=start, end=end))
    return result


def _is_apposition_of(token: Token, head: Token) -> bool:
    """True when `token` reaches `head` through a naming apposition ("counterpart, Hayashi")."""
    current = token
    while current.i != head.i and current.head.i != current.i:
        if _is_naming_apposition(current) and current.head.i == head.i:
            return True
        current = current.head
    return False


def _closes_bracket(doc: Doc, start: int, end: int) -> bool:
    return doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start:end - 1])


_SPECIFICITY = {"person": 0, "institution": 1, "org": 2, "name": 3, "capital": 4, "demonym": 5,
                "city": 6}


def _one_per_phrase(mentions: list[MentionSpan]) -> list[MentionSpan]:
    """"South Korean President Yoon Suk-yeol" matches a demonym and a person: one phrase is one
    actor, the most specific one (a person over an organisation over a country). Overlapping
    mentions of one country ("officials of North Korea's ruling Workers' Party", a misparsed
    "Japanese Prime Minister | Fumio Kishida") are one phrase too; the kept mention spans both.
    Overlaps across countries ("South Korea's condemnation of North Korea") stay apart, and
    conjuncts cut apart by `_split_coordinated` do not overlap."""
    kept: list[MentionSpan] = []
    for m in sorted(mentions, key=lambda m: (_SPECIFICITY.get(m.form, 9), m.start)):
        i = next((i for i, k in enumerate(kept) if _same_phrase(k, m)), None)
        if i is None:
            kept.append(m)
            continue
        k = kept[i]
        kept[i] = replace(k, start=min(k.start, m.start), end=max(k.end, m.end),
                          sector=k.sector or m.sector)
    return sorted(kept, key=lambda m: (m.start, m.alias_start))


def _same_phrase(a: MentionSpan, b: MentionSpan) -> bool:
    overlap = a.start < b.end and b.start < a.end
    country_a, country_b = a.country or a.entry.country, b.country or b.entry.country
    return overlap and (a.head == b.head and a.entry.id == b.entry.id
                        or not country_a or not country_b or country_a == country_b)


def _is_former(doc: Doc, start: int, head: Token, alias_span: Span) -> bool:
    """"former President Moon", "a former White House official": out of office -> ELI."""
    before = max(alias_span.start, head.i)
    return any(t.lower_ in _FORMER_WORDS for t in doc[start:before])


_FUZZY_FORMS = {"name", "demonym", "capital", "city"}
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "outside", "inside", "around", "across",
                          "throughout"}


def _fuzzy_candidate(text: str) -> bool:
    return len(text) >= 5 and text.isalpha() and text[0].isupper() and text[1:].islower()


def _is_location(alias_span: Span) -> bool:
    """"in Kabul", "near Seoul": the object of a place preposition."""
    root = alias_span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS


def _is_place_name(span: Span, sector_spans: list[tuple[int, int, str]]) -> bool:
    """A gazetteer city name used as a name: proper nouns, not part of a longer name ("Andrew
    Jackson", "Lincoln Memorial") and not a common word ("Nice weather"). A sector phrase may
    follow ("Madras High Court", "Shanghai police")."""
    doc = span.doc
    if len(span) == len(doc):
        return True  # a bare name to resolve ("Mariupol"): the tagger has no context
    if all(t.is_title for t in span) and any(s == span.end for s, _, _ in sector_spans):
        return True  # "Dehli police": a capitalised name before a sector word, whatever its tag
    if any(t.pos_ != "PROPN" for t in span):
        return False
    if span.start > 0 and doc[span.start - 1].pos_ == "PROPN":
        return False
    after = doc[span.end] if span.end < len(doc) else None
    return after is None or after.pos_ != "PROPN" or any(s == span.end for s, _, _ in sector_spans)


def _inside_longer_sector_phrase(span: Span, sector_spans: list[tuple[int, int, str]]) -> bool:
    return any(s <= span.start and span.end <= e and e - s > len(span)
               for s, e, _ in sector_spans)


def _through_sector_phrase(doc: Doc, sector_spans: list[tuple[int, int, str]], start: int,
                           end: int) -> int:
    """A sector phrase that begins in the noun phrase belongs to it: "South Korea's Joint Chiefs |
    of Staff" -> "... Joint Chiefs of Staff", and a bracketed abbreviation after it, "(JCS)"."""
    for s, e, _ in sector_spans:
        if start <= s < end < e:
            end = e
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" \
            and doc[end + 1].is_upper:
        end += 3
    return end


def _pick_alias(aliases: list[Alias], kb: ActorKB, on_date: str | None) -> Alias | None:
    """One alias text can name several entries ("Congo"); prefer a country name,
    deterministically. A name shared by several people is the one in office on the date, and
    otherwise ambiguous: None, never a guess."""
    people = [a for a in aliases if a.form == "person"]
    if len({a.entry.id for a in people}) > 1:
        in_office = {a.entry.id: a for a in people if on_date and any(
            r.active_on(on_date) for r in kb.roles.get(a.entry.id, ()))}
        if len(in_office) != 1:
            others = [a for a in aliases if a.form != "person"]
            return _pick_alias(others, kb, on_date) if others else None
        return next(iter(in_office.values()))
    order = {"person": 0, "institution": 1, "name": 2, "org": 3, "demonym": 4, "capital": 5,
             "city": 6}
    return min(aliases, key=lambda a: (order.get(a.form, 9), a.entry.id))


def noun_phrase_head(token: Token, stop: frozenset[str] | set[str] = frozenset()) -> Token:
    """Climb from a matched alias to the head of the noun phrase it modifies.

    "South Korean President Yoon Suk-yeol" -> "yeol"; "Japan's foreign minister" -> "minister";
    "the leader of North Korea" -> "leader". Conjuncts keep their own head: verb arguments expand
    coordination themselves, so "Yoon and Kishida" stay two phrases.
    """
    current = token
    for _ in range(8):  # phrases are short; the bound guards against odd parses
        if current.head.lemma_.lower() in stop and current.head.i != current.i:
            break  # a head in `stop` names no actor: the phrase ends below it
        if current.dep_ in _NP_MODIFIER_DEPS and current.head.pos_ in NOUNS \
                and current.head.i > current.i:
            current = current.head
            continue
        if _is_naming_apposition(current):
            current = current.head
            continue
        if (current.dep_ == "pobj" and current.head.lower_ == "of"
                and current.head.head.pos_ in NOUNS and current.head.head.i < current.i
                and current.head.head.lemma_.lower() not in stop
                and current.head.head.lemma_.lower() not in LOCATIVE_NOUNS):
            current = current.head.head
            continue
        break
    return current


def _is_naming_apposition(token: Token) -> bool:
    """An apposition that names the same actor: "his Japanese counterpart, Yoshimasa Hayashi",
    "Kim Yo Jong, the sister of ...", "Fumio Kishida (岸田文雄)". Two proper names in a row
    ("South Korea, the United States and Japan") are usually a misparsed list, not one actor."""
    if token.dep_ != "appos" or token.head.pos_ not in NOUNS:
        return False
    doc = token.doc
    gap = token.left_edge.i - token.head.i
    # Right after the head ("President | Yoon Suk-yeol", a misparse), or in brackets after it.
    if gap == 1:
        return True
    # After a comma or bracket: "counterpart, Hayashi", "Kishida (岸田文雄)" -- but two proper
    # names after a comma ("South Korea, the United States") are usually a list.
    if gap != 2 or doc[token.head.i + 1].text not in (",", "("):
        return False
    return doc[token.head.i + 1].text == "(" or (token.pos_ == "PROPN") != (token.head.pos_ == "PROPN")


def _phrase_bounds(doc: Doc, head: Token, alias: Span) -> tuple[int, int]:
    start = min(_left_edge_without_coordination(head), alias.start)
    end = max(head.i + 1, alias.end)
    # "President of the Chadian Human Rights League": the modifier that holds the alias belongs
    # to the phrase whole, up to its last word.
    branch = alias.root
    while branch.head.i != head.i and branch.head.i != branch.i and branch.i != head.i:
        branch = branch.head
    if branch.head.i == head.i and branch.i != head.i and branch.dep_ in ("prep", "appos"):
        end = max(end, branch.right_edge.i + 1)
    # Do not swallow a preceding clause or punctuation that the parser attached to the head.
    while start < alias.start and doc[start].is_punct:
        start += 1
    # "Yoon Suk-yeol (尹錫悅)": a bracket opened inside the phrase closes inside it.
    opened = sum(t.text == "(" for t in doc[start:end]) - sum(t.text == ")" for t in doc[start:end])
    if opened > 0 and end < len(doc) and doc[end].text == ")":
        end += 1
    return start, end


def _left_edge_without_coordination(head: Token) -> int:
    """The phrase's first token; a head's left children never include its own conjuncts."""
    left = [c for c in head.lefts if c.dep_ not in ("cc", "conj", "punct", "preconj")]
    return min([head.i] + [c.left_edge.i for c in left])


def _sector_in(sector_spans: list[tuple[int, int, str]], start: int, end: int,
               head: int) -> str | None:
    """The sector word inside the phrase, preferring the head noun, then the word nearest it."""
    inside = [(s, e, sec) for s, e, sec in sector_spans if s >= start and e <= end]
    if not inside:
        return None
    for s, e, sec in inside:
        if s <= head < e:
            return sec
    return max(inside, key=lambda x: x[1])[2]
