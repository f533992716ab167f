"""Nurture campaigns: a recruiter's email to a segment of the community, per language, sent now
or at a time (the company's, or each person's own), paced through the notifications queue once
per (campaign, person), with its results."""
