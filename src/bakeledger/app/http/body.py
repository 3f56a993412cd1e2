"""Request bodies: strict JSON read by the services' one converter.

`StrictBody[SomeRequest]` is the handler's `dto=`: it reads the raw bytes itself, so a JSON float
(`2.5`, inexact by nature) or a field the request does not have is a 422 naming the field, and
broken JSON is a 400; the OpenAPI schema is still the request class's, made by the framework.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from typing import Any, ClassVar, TypeVar

from litestar.dto import AbstractDTO, DTOConfig, DTOFieldDefinition
from litestar.exceptions import ClientException
from litestar.typing import FieldDefinition

from bakeledger.services.dto import converter

T = TypeVar("T")
BODY_KEYS = "body_keys"  # connection state: the top-level keys the client sent (for PATCH)


class MalformedBody(ClientException):
    status_code = 400


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedBody(detail=f"the body is not valid JSON: {exc}") from None


class StrictBody(AbstractDTO[T]):
    config: ClassVar[DTOConfig] = DTOConfig()

    @classmethod
    def generate_field_definitions(cls, model_type: type[Any]) -> Generator[DTOFieldDefinition, None, None]:
        yield from ()

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        return False

    @classmethod
    def create_for_field_definition(
        cls, field_definition: FieldDefinition, handler_id: str, backend_cls: Any = None
    ) -> None:
        return None  # no generated backend: decode_bytes does the reading

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: Any
    ) -> Any:
        return schema_creator.for_field_definition(FieldDefinition.from_annotation(cls.model_type))

    def decode_bytes(self, value: bytes) -> Any:
        document = parse_json(value)
        if isinstance(document, dict):
            self.asgi_connection.state[BODY_KEYS] = set(document)
        return converter.structure(document, self.model_type)

    def decode_builtins(self, value: dict[str, Any]) -> Any:
        return converter.structure(value, self.model_type)
