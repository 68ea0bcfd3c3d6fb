"""The API's two error bodies (`frontend_api.errors.exception_handler`), for the OpenAPI
document of routes that describe their own responses."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()


class ParameterErrorSerializer(ErrorSerializer):
    parameter = serializers.CharField(
        allow_null=True, help_text="The query parameter at fault, where known."
    )
    allowed = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="What the parameter allows, where there is a list.",
    )
