"""The workspace object store: typed JSON objects an organisation queries and searches."""
