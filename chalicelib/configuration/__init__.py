"""Configuring a company by a person or a key: the email templates (Settings -> Templates ->
Messages) and the admin API keys, each use case taking the Actor and checking its role. The
console's screens and the /admin JSON twins call these."""
