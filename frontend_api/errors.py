"""Bad input is a 400 that names the parameter and, where there is a list, what it allows;
every error of the API is `{"message": …}` (`exception_handler`, DRF's EXCEPTION_HANDLER)."""

from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from wagtail.api.v2.utils import BadRequestError


class ParameterError(BadRequestError):
    def __init__(self, parameter, message, allowed=None):
        super().__init__(message)
        self.parameter = parameter
        self.allowed = list(allowed) if allowed is not None else None

    def as_data(self):
        data = {"message": str(self), "parameter": self.parameter}
        if self.allowed is not None:
            data["allowed"] = self.allowed
        return data


def exception_handler(exc, context):
    """The one error shape: `{message, parameter, allowed}` for a bad parameter, `{message}`
    for everything else DRF answers (404, 405, 429 …)."""
    if isinstance(exc, ParameterError):
        return Response(exc.as_data(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BadRequestError):  # raised inside Wagtail's own filters
        message = str(exc)
        return Response(
            {"message": message, "parameter": _parameter_of(message)},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, APIException | Http404):
        response.data = {"message": str(getattr(exc, "detail", exc))}
    return response


# Wagtail's filters raise a bare BadRequestError; these are the parameters they mean.
_MESSAGE_PARAMETERS = (
    ("random ordering", "order"),
    ("cannot order by", "order"),
    ("type doesn't exist", "type"),
    ("search", "search"),
    ("site", "site"),
)


def _parameter_of(message):
    for start, parameter in _MESSAGE_PARAMETERS:
        if start in message:
            return parameter
    if message.startswith("field filter error"):
        return message.split(" for ")[-1].split(" ")[0]
    return None


TRUE = ("1", "true", "yes")
FALSE = ("0", "false", "no")


def boolean_parameter(params, name, default=None):
    """`name` from the query as True/False, `default` when absent."""
    if name not in params:
        return default
    value = params[name].lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ParameterError(name, f"{name} must be a boolean", allowed=TRUE + FALSE)
