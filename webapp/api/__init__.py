"""The JSON API described: an OpenAPI 3.1 document built from the schemas the app validates with."""
