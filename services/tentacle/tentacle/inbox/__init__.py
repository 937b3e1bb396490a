"""The inbox: conversations, their messages, and task progress projected into threads."""
