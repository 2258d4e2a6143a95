"""Pure rules of the trade (DOMAIN.md): no database, no Qt."""
