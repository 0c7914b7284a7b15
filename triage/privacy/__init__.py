"""Personal data (UU 27/2022 PDP): the guard that finds identity numbers and contacts, masking
what leaves the database, and a person's access and erasure requests."""
