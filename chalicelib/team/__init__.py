"""The hiring team: members with roles, their invitations and console sessions, and the audit
of who did what to whose data. Capabilities that act for a person (applications, talent, jobs)
take an `Actor` from here and check it; this folder knows none of them."""
