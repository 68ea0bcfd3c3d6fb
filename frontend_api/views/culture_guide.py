"""`/api/v2/culture-guide/`: what you should know when you live here, one question at a
time, in the coordinator's order; Danish stands in for a missing translation. `search`
finds words in the questions and answers; `<id>/` is one entry in its own language."""

from frontend_api.serializers.guide import CultureNoteSerializer
from frontend_api.views.guide_snippets import GuideSnippetEndpoint
from guide.models import CultureNote


class CultureGuideEndpoint(GuideSnippetEndpoint):
    model = CultureNote
    serializer_class = CultureNoteSerializer
    related = ("locale", "image")
    order_fields = ("id", "sort_order", "question")
    default_order = ("sort_order", "id")
