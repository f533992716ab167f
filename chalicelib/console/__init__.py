"""The hiring team's console: server-rendered screens over the same use cases as the JSON API
(team, talent, applications, jobs). Handlers parse, call one use case and render; nothing here
queries or writes a table, and nothing below imports this folder."""
