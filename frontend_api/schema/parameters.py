"""Query parameters, read off the endpoint classes: what `check_query_parameters` accepts in
a listing (Wagtail's operations, the model's database fields as filters, our audience and
`fallback` parameters), and what the detail, find and preview views read."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from taggit.managers import TaggableManager
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.views import PagesAPIViewSet

from frontend_api import audience
from frontend_api.schema import catalogue

PAGE_ID_OR_ROOT = {"type": "string", "pattern": "^([0-9]+|root)$"}


def query(name, schema, description, **extra):
    return {"in": "query", "name": name, "schema": schema, "description": description, **extra}


def documented(endpoint, model):
    """Name -> parameter, for every parameter this document knows how to describe."""
    fields = endpoint.get_available_fields(model)
    orderable = endpoint.get_available_fields(model, db_fields_only=True)
    field_names = "|".join(sorted(orderable))
    parameters = [
        *catalogue.paging(),
        *catalogue.language_and_audience(),
        query(
            "fields",
            {"type": "string"},
            "Which fields each item has: a comma-separated list of field names; `-name` "
            "leaves one out; `*` first starts from all fields, `_` from none; "
            "`name(sub,fields)` selects the fields of a related item. Fields: "
            + ", ".join(f"`{name}`" for name in fields),
            examples=field_examples(endpoint, model),
        ),
        query(
            "order",
            {"type": "string", "pattern": f"^(random|-?({field_names})(,-?({field_names}))*)$"},
            "Comma-separated fields to order by (`-field` for descending), or `random` "
            "(not with `offset`).",
        ),
        query("search", {"type": "string"}, "Full-text search."),
        query(
            "search_operator",
            {"type": "string", "enum": ["and", "or"]},
            "Whether every (`and`) or any (`or`) search term must match.",
        ),
        query(
            "rich_text_format",
            {"type": "string", "enum": sorted(APIRichText._serializers())},
            "How rich text is given.",
        ),
        query(
            "format",
            {"type": "string", "enum": ["json"]},
            "`json`, the default. (`api` gives the same data as an HTML page for a person "
            "with a browser; it is not described here.)",
        ),
        query(
            "type",
            {"type": "string"},
            "Only pages of these types (comma-separated `app_label.ModelName`); the type's "
            "own database fields then work as filters too.",
            examples={
                name: {"value": name} for name in ("guide.HomePage", "communities.CommunityPage")
            },
        ),
        query(
            "child_of",
            PAGE_ID_OR_ROOT,
            "Only the children of this page (or its translations); `root` is the site's home page.",
        ),
        query(
            "descendant_of",
            PAGE_ID_OR_ROOT,
            "Only the pages below this page (or its translations). Not together with `child_of`.",
        ),
        query("translation_of", PAGE_ID_OR_ROOT, "Only the other translations of this page."),
        query("ancestor_of", {"type": "integer", "minimum": 0}, "Only the pages above this one."),
        query(
            "site",
            {"type": "string"},
            "The site's hostname (`host` or `host:port`); default: the request's.",
        ),
        query(
            "content_type",
            {"type": "string"},
            "The previewed page's type, `app_label.modelname`.",
            examples={"home": {"value": "guide.homepage"}},
        ),
        query("token", {"type": "string"}, "The signed preview token."),
        query("id", {"type": "integer", "minimum": 0}, "The item's id."),
        query("html_path", {"type": "string"}, "The page's path on the site, e.g. `/about/`."),
    ]
    return {parameter["name"]: parameter for parameter in parameters}


def listing(endpoint, model):
    """Exactly what the listing accepts (else it answers 400)."""
    known = documented(endpoint, model)
    accepted = (
        set(endpoint.known_query_parameters)
        | set(audience.PARAMETERS)
        | {"fallback"}
        | set(getattr(endpoint, "extra_parameters", ()))
    )
    parameters = [known[name] for name in known if name in accepted]
    filters = set(endpoint.get_available_fields(model, db_fields_only=True)) - accepted
    parameters += [field_filter(model, name) for name in sorted(filters)]
    return parameters


def detail(endpoint, model):
    names = ["fields", "rich_text_format", "format"]
    if issubclass(endpoint, PagesAPIViewSet):
        names += ["locale", "fallback", *audience.PARAMETERS, "site"]
    known = documented(endpoint, model)
    return [known[name] for name in names]


def find(endpoint, model):
    names = sorted(endpoint.find_query_parameters)
    if issubclass(endpoint, PagesAPIViewSet):
        names += ["locale", "fallback", *audience.PARAMETERS, "site"]
    known = documented(endpoint, model)
    return [known[name] for name in names]


def preview(endpoint, model):
    known = documented(endpoint, model)
    names = [
        name
        for name in ["content_type", "token", *known]
        if name in endpoint.known_query_parameters | set(audience.PARAMETERS) | {"fallback"}
    ]
    return [known[name] for name in dict.fromkeys(names)]


def accept_language():
    return {
        "in": "header",
        "name": "Accept-Language",
        "schema": {"type": "string"},
        "description": "Chooses the language when `locale` is not given.",
    }


def field_filter(model, name):
    """`?field=value`: only the items whose field has this value."""
    field = model._meta.get_field(name)
    if isinstance(field, TaggableManager):
        schema = {"type": "string", "description": "comma-separated tags, all required"}
    elif isinstance(field, models.BooleanField):
        schema = {"type": "string", "enum": ["true", "false", "1", "0"]}
    elif isinstance(field, (models.AutoField, models.IntegerField)) or field.is_relation:
        schema = {"type": "integer"}
    elif isinstance(field, models.DecimalField):
        schema = {"type": "number"}
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string"}
    return query(name, schema, f"Only items whose `{name}` is this value.")


def field_examples(endpoint, model):
    examples = {"all": {"value": "*"}, "only the id": {"value": "_,id"}}
    for name in endpoint.get_body_fields_names(model):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.is_relation:
            examples[f"all of {name}"] = {"value": f"{name}(*)"}
    return examples
