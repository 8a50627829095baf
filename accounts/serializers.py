"""Shapes of the API token endpoints."""
from __future__ import annotations

from rest_framework import serializers

from stepcraft.api import StrictSerializer


class TokenCreateInput(StrictSerializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for (e.g. 'ci', 'laptop').")


class TokenOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The start of the secret, to tell tokens apart.")
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    is_active = serializers.BooleanField()


class CreatedTokenOutput(TokenOutput):
    token = serializers.CharField(help_text="The secret: shown this once, never again. Send it as "
                                  "'Authorization: Bearer <token>'.")
