"""Command-line interface: each command parses arguments and calls one library function."""
