"""The checklist a newcomer gets: the steps for their audience, in an order that respects
every "before" (ties keep the coordinator's order), each with the steps it waits for.

A step left out for this audience still orders the steps around it: a step that waits for it
waits, in the plan, for what it waited for.
"""

from django.db.models import Prefetch

from guide.models import ChecklistStepPage
from guide.public import default_language, localise
from guide.step_order import nearest_kept, stable_order, without_implied

#: a checklist longer than this is cut (the admin's checklist is a few dozen steps)
MAX_STEPS = 500
#: what the plan and its readers use of a step (a page row has many more columns)
SERVED_FIELDS = (
    "id",
    "title",
    "path",
    "depth",
    "translation_key",
    "locale",
    "content_type",
    "body",
    "duration",
)


def checklist_plan(visible, audience, language, fallback=True):
    """The steps of `visible` (the checklist steps the reader may see, in every language)
    for `audience`, in `language` (with `fallback`, a Danish step stands in for a missing
    translation), in order. Each step gets `position` (1 for the first), `audiences` (its
    tags), `depends_on_ids` (ids of steps in the plan it waits for) and `after` (their
    positions). A fixed number of queries, whatever the number of steps."""
    steps = list(
        localise(visible, language, fallback)
        .only(*SERVED_FIELDS)
        .select_related("locale")
        .prefetch_related(
            "audience_tags",
            "links",
            Prefetch("depends_on", queryset=ChecklistStepPage.objects.only("translation_key")),
        )
        .order_by("path")[:MAX_STEPS]
    )
    by_key = {step.translation_key: step for step in steps}
    # the coordinator's order is the Danish checklist's, where the step has a Danish copy
    position = {step.translation_key: step.path for step in steps}
    position.update(
        ChecklistStepPage.objects.filter(
            translation_key__in=list(by_key), locale__language_code=default_language()
        ).values_list("translation_key", "path")
    )
    edges = {
        step.translation_key: {d.translation_key for d in step.depends_on.all()} for step in steps
    }
    for step in steps:
        step.audiences = sorted(tag.audience for tag in step.audience_tags.all())
    kept = {step.translation_key for step in steps if audience.admits(step.audiences)}
    waits_for = nearest_kept(edges, kept)
    ordered = stable_order(kept, waits_for, position)
    waits_for = without_implied(waits_for, ordered)
    plan = []
    for number, key in enumerate(ordered, start=1):
        step = by_key[key]
        step.position = number
        step.depends_on_ids = sorted(by_key[d].pk for d in waits_for[key])
        plan.append(step)
    for step in plan:  # the step numbers it waits for, for people (print, PDF)
        step.after = sorted(by_key[d].position for d in waits_for[step.translation_key])
    return plan
