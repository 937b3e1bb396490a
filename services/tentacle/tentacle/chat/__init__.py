"""Flux, the chat assistant of the inbox: prompt, tools, the turn loop, compaction, commands."""
