"""The API's routes, one module per part of the ledger; `ROUTES` is every handler of `/api/v1`."""
