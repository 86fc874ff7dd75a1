"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any

from consult.services.submission_payload import MAX_BATCH_ITEMS, MAX_ID, MAX_LANGUAGE_LENGTH

_ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "description": "invalid_json, invalid_field, validation, not_found, forbidden, "
                    "cross_origin, unauthorized, device_revoked, conflict, payload_too_large, "
                    "too_many_items, unsupported_media_type, method_not_allowed",
                },
                "message": {"type": "string", "description": "French, names the field"},
                "field": {"type": ["string", "null"], "description": "first field in error"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "every field in error (answers.<question key> for answers)",
                },
            },
        }
    },
}

_SUBMISSION = {
    "type": "object",
    "required": ["client_uuid", "version_id", "quartier_id", "answers"],
    "additionalProperties": False,
    "properties": {
        "client_uuid": {
            "type": "string",
            "format": "uuid",
            # Version 8 is reserved for the UUIDs the server derives for imported rows.
            "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-79a-fA-F][0-9a-fA-F]{3}-"
            "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
            "description": "made by the client when the questionnaire is opened (crypto."
            "randomUUID); idempotency key. UUID version 8 is reserved to the server (400)",
        },
        "version_id": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_ID,
            "description": "questionnaire version answered",
        },
        "quartier_id": {"type": "string", "minLength": 1, "maxLength": 100},
        "answers": {
            "type": "object",
            "description": "question key → text, choice code, list of codes or integer",
            "additionalProperties": {
                "oneOf": [
                    {"type": "string"},
                    {"type": "integer"},
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "null"},
                ]
            },
        },
        "language": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_LANGUAGE_LENGTH,
            "default": "fr",
        },
        "started_at": {"type": "string", "format": "date-time"},
        "submitted_at": {"type": "string", "format": "date-time"},
        "saved_at": {"type": "string", "format": "date-time", "description": "ignored"},
        "consultation": {"type": "string", "description": "informative, ignored"},
        "questionnaire": {"type": "string", "description": "informative, ignored"},
    },
}

_OUTCOME = {
    "type": "object",
    "properties": {
        "status": {"enum": ["created", "duplicate"]},
        "client_uuid": {"type": "string"},
        "response_id": {"type": "integer"},
    },
}

_ITEM_RESULT = {
    "type": "object",
    "required": ["index", "status", "http_status"],
    "properties": {
        "index": {"type": "integer"},
        "client_uuid": {"type": ["string", "null"]},
        "status": {"enum": ["created", "duplicate", "conflict", "rejected"]},
        "http_status": {
            "type": "integer",
            "description": "what a single submission would have answered (201, 200, 409, 4xx)",
        },
        "response_id": {"type": "integer"},
        "error": _ERROR["properties"]["error"],
    },
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str) -> dict:
    return {"application/json": {"schema": _ref(name)}}


def _error(description: str) -> dict:
    return {"description": description, "content": _json("Error")}


_COMMON_ERRORS = {
    "400": _error("malformed JSON or a field of the wrong type (names the field)"),
    "401": _error("unknown or revoked device token (code device_revoked)"),
    "403": _error("other site, quartier or questionnaire not allowed for the device, closed"),
    "404": _error("unknown questionnaire version or quartier"),
    "413": _error("body over 1 MB, or more than 500 items in a batch"),
    "415": _error("Content-Type is not application/json"),
}


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Consult submission API",
            "version": "1",
            "description": (
                "Idempotent submission of questionnaire answers. The client makes a UUID when a "
                "questionnaire is opened and resends it until it gets a 2xx. Same UUID and same "
                "content: success again, nothing new stored. Same UUID, different content: 409, "
                "kept for review — do not retry. Any 4xx changes nothing in the database. "
                "Tablets authenticate with `Authorization: Bearer <device token>` (channel "
                "`tablette`); without it the submission is anonymous (channel `web`) and must "
                "come from a page of the same site."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"device": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": _ERROR,
                "Submission": _SUBMISSION,
                "Outcome": _OUTCOME,
                "ItemResult": _ITEM_RESULT,
            },
        },
        "security": [{}, {"device": []}],
        "paths": {
            "/ping": {
                "get": {
                    "summary": "Connectivity check (server and database)",
                    "security": [{}],
                    "responses": {
                        "200": {"description": '{"status": "ok", "time": ...}'},
                        "503": _error("the database cannot be reached (database_unavailable)"),
                    },
                }
            },
            "/device": {
                "get": {
                    "summary": "The calling tablet: name, quartiers, questionnaire pages",
                    "security": [{"device": []}],
                    "responses": {
                        "200": {"description": "device status"},
                        "401": _COMMON_ERRORS["401"],
                    },
                }
            },
            "/submissions": {
                "post": {
                    "summary": "Submit one questionnaire",
                    "requestBody": {"required": True, "content": _json("Submission")},
                    "responses": {
                        "201": {"description": "stored", "content": _json("Outcome")},
                        "200": {"description": "already stored", "content": _json("Outcome")},
                        "409": _error("same client_uuid, different content: kept for review"),
                        "422": _error("answers do not fit the questionnaire (fields name them)"),
                        "429": _error(
                            "too many new anonymous answers from this address: wait Retry-After"
                        ),
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/batches": {
                "post": {
                    "summary": f"Submit up to {MAX_BATCH_ITEMS} questionnaires, one result each",
                    "description": "Tablets only (device token required, 401 otherwise). Each "
                    "item is stored or refused on its own; the HTTP status is 200 whenever the "
                    "batch itself could be read.",
                    "security": [{"device": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "maxItems": MAX_BATCH_ITEMS,
                                            "items": _ref("Submission"),
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "per-item results, in the order sent",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "results": {
                                                "type": "array",
                                                "items": _ref("ItemResult"),
                                            },
                                            "summary": {"type": "object"},
                                        },
                                    }
                                }
                            },
                        },
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "this"}}}
            },
        },
    }
