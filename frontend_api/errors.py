"""Bad input is a 400 that names the parameter and, where there is a list, what it allows."""

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
