"""Pure helpers with no database: they take plain values and return plain values."""
