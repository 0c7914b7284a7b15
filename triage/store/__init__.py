"""Storage: SQLModel tables, the session helper, and the queries the desk needs."""
