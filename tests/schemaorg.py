"""Checks JSON-LD as a consumer reads it: parsed by rdflib's JSON-LD parser (a second
implementation) into triples, each held against schema.org's own vocabulary (an excerpt of
release 30.0 in `schemaorg-30.0.json`): every type is a schema.org type, every property is
one whose domain includes its subject's type, and every value is of a type its range admits
(a node of a range type or a subtype, a date, a number, a member of the enumeration …)."""

import json
import re
import warnings
from datetime import date, datetime
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal

VOCABULARY = json.loads((Path(__file__).parent / "schemaorg-30.0.json").read_text())
TYPES = VOCABULARY["types"]
PROPERTIES = VOCABULARY["properties"]
ENUMERATIONS = VOCABULARY["enumerations"]
#: the context schema.org serves at https://schema.org (fetched nowhere: tests run offline)
CONTEXT = {"@vocab": "http://schema.org/"}
SCHEMA = "http://schema.org/"
URL = re.compile(r"https?://\S+")


def term(uri):
    text = str(uri)
    assert text.startswith(SCHEMA), f"{text} is not a schema.org term"
    return text[len(SCHEMA) :]


def lineage(type_name):
    """The type and its ancestors."""
    seen, todo = [], [type_name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.append(current)
            todo.extend(TYPES.get(current, []))
    return seen


def literal_fits(value, kinds):
    """Whether a literal is of one of the range's data types or enumerations."""
    text, python = str(value), value.toPython()
    fits = {
        "Text": lambda: isinstance(python, str),
        "URL": lambda: bool(URL.fullmatch(text)),
        "Boolean": lambda: isinstance(python, bool),
        "Number": lambda: (
            (isinstance(python, int | float) and not isinstance(python, bool))
            or bool(re.fullmatch(r"-?\d+(\.\d+)?", text))
        ),
        "DateTime": lambda: "T" in text and _parses(datetime.fromisoformat, text),
        "Date": lambda: (
            bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and _parses(date.fromisoformat, text)
        ),
    }
    for kind in kinds:
        if kind in ENUMERATIONS:
            fits[kind] = lambda kind=kind: (
                text.startswith(("https://schema.org/", "http://schema.org/"))
                and text.rsplit("/", 1)[-1] in ENUMERATIONS[kind]
            )
    return any(fits[kind]() for kind in kinds if kind in fits)


def _parses(parse, text):
    try:
        parse(text)
    except ValueError:
        return False
    return True


def check(document):
    """Raise AssertionError naming the first thing schema.org would not read as meant; return
    the graph and the types of its nodes."""
    assert document.get("@context") == "https://schema.org"
    with warnings.catch_warnings():  # rdflib's own parser still builds a ConjunctiveGraph
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph = Graph().parse(data=json.dumps({**document, "@context": CONTEXT}), format="json-ld")
    assert len(graph), "no triples"
    types = {}
    for node, _, type_uri in graph.triples((None, RDF.type, None)):
        name = term(type_uri)
        assert name in TYPES, f"{name} is not a type this check knows (or not schema.org's)"
        types[node] = name
    for subject, predicate, value in graph:
        if predicate == RDF.type:
            continue
        name = term(predicate)
        assert name in PROPERTIES, f"{name} is not a schema.org property of these types"
        subject_type = types.get(subject)
        assert subject_type, f"{name} on a node without @type"
        domain = PROPERTIES[name]["domain"]
        assert set(lineage(subject_type)) & set(domain), (
            f"{name} is not a property of {subject_type} (domain {domain})"
        )
        kinds = PROPERTIES[name]["range"]
        if isinstance(value, BNode):
            assert set(lineage(types.get(value, "?"))) & set(kinds), (
                f"{name} holds a {types.get(value)}, not one of {kinds}"
            )
        else:
            assert isinstance(value, Literal)
            assert literal_fits(value, kinds), f"{name} = {value!r} is not one of {kinds}"
    return graph, types
