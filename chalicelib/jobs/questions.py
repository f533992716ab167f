"""What a job asks its applicants: the company's questions for its department and role, then
the job's own (jobs/schema.py JobQuestion). One answer for every door an application comes
through: the apply page and its check, and LinkedIn's Apply Connect form."""
from __future__ import annotations

from chalicelib.companies.schema import CompanySettings, Question
from chalicelib.jobs.models import JobItem


def own(job: JobItem) -> list[Question]:
    """The job's own questions, as the company's question type (asked of everyone who applies)."""
    out = []
    for stored in job.questions or []:
        try:
            out.append(Question.model_validate({k: stored[k] for k in ("id", "text", "type", "options", "required") if k in stored}))
        except ValueError:  # a question stored before a rule existed is not asked rather than breaking the job
            continue
    return out


def asked(settings: CompanySettings, job: JobItem) -> list[Question]:
    company = settings.questions_for([job.department], [job.role])
    taken = {q.id for q in company}
    return company + [q for q in own(job) if q.id not in taken]
