"""The Qt-free, SQL-free core: models, rules and validation."""
