"""What a cold start pays for, as mechanisms (the figures are bench/coldstart.py's, in docs/figures.md)."""
from __future__ import annotations

import json
import subprocess
import sys

from bench.coldstart import ROOT, lambda_environment

_SESSIONS = (
    "import json, threading, traceback\n"
    "import botocore.session\n"
    "from moto import mock_aws\n"
    "made = []\n"
    "original = botocore.session.Session.__init__\n"
    "def counted(self, *args, **kwargs):\n"
    "    if not any('/moto/' in frame.filename for frame in traceback.extract_stack()):  # moto's own\n"
    "        made.append(threading.current_thread() is threading.main_thread())\n"
    "    original(self, *args, **kwargs)\n"
    "botocore.session.Session.__init__ = counted\n"
    "from chalicelib.aws.clients import client\n"
    "from chalicelib.candidates.models import CandidateItem, EmailClaimItem\n"
    "from chalicelib.companies.models import CompanyItem\n"
    "from chalicelib.ratelimit import CounterItem\n"
    "from chalicelib.notifications.suppressions import SuppressionItem\n"
    "from chalicelib.auth.tokens import TokenItem\n"
    "def use(model, *key):\n"
    "    try:\n"
    "        model.get(*(key or ('acme', 'x')))\n"
    "    except Exception:\n"
    "        pass  # no tables here: the call only has to build the model's client\n"
    "with mock_aws():\n"
    "    client('sqs')\n"
    "    for model in (CompanyItem, CandidateItem, EmailClaimItem, CounterItem, SuppressionItem):\n"
    "        use(model)\n"
    "    worker = threading.Thread(target=use, args=(TokenItem, 'x'))\n"
    "    worker.start(); worker.join()\n"
    "print(json.dumps(made))\n"
)


def test_every_dynamodb_model_and_boto3_client_share_one_botocore_session():
    # Given a fresh interpreter, as a new Lambda container is
    result = subprocess.run([sys.executable, "-c", _SESSIONS], env=lambda_environment(), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    made = json.loads(result.stdout.strip().splitlines()[-1])
    # When a boto3 client and five PynamoDB models make their first calls on the handler's thread,
    # Then one botocore session serves them all: the endpoints and each service's model are read
    # from disk once (PynamoDB alone builds one session per model, each reading them again: ~450 ms
    # of CPU and ~45 MB on the first connect); a call on another thread gets a session of its own,
    # as PynamoDB gives it, botocore's client creation not being thread-safe
    assert made == [True, False]


_RENDER = (
    "import json, sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "import jinja2, tempfile\n"
    "compiled = []\n"
    "original = jinja2.Environment.compile\n"
    "def counted(self, source, name=None, filename=None, *args, **kwargs):\n"
    "    compiled.append(name)\n"
    "    return original(self, source, name, filename, *args, **kwargs)\n"
    "jinja2.Environment.compile = counted\n"
    "if sys.argv[2] == 'read-only':  # as Lambda's /var/task: nothing can be written beside the code\n"
    "    def refused(*args, **kwargs):\n"
    "        raise PermissionError(30, 'Read-only file system')\n"
    "    tempfile.NamedTemporaryFile = refused\n"
    "from chalicelib.web.render import message_page\n"
    "body = message_page('Thanks', ['See you soon.']).body\n"
    "print(json.dumps({'compiled': sorted(compiled), 'body': body}))\n"
)


def _first_page(project, mode: str = "writable") -> dict:
    # Bytecode may be written here (a test run, `make run`); the read-only mode refuses every write
    env = {name: value for name, value in lambda_environment().items() if name != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run([sys.executable, "-c", _RENDER, str(project), mode], env=env, cwd=project,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_shipped_templates_are_served_compiled_and_an_edited_one_is_never_served_stale(tmp_path):
    import shutil

    # Given a copy of the app whose page templates were compiled once (as the package step does)
    project = tmp_path / "project"
    shutil.copytree(ROOT / "chalicelib", project / "chalicelib", ignore=shutil.ignore_patterns("__pycache__"))
    first = _first_page(project)
    assert first["compiled"] == ["base.html", "message.html"] and "See you soon." in first["body"]
    # When a fresh interpreter draws the same page, Then it compiles no template and draws the same page
    again = _first_page(project)
    assert again == {"compiled": [], "body": first["body"]}
    # When a template's text changes, Then that template alone is compiled again, from its new text
    template = project / "chalicelib" / "web" / "templates" / "message.html"
    template.write_text(template.read_text().replace("<h1>{{ heading }}</h1>", "<h1 class=\"edited\">{{ heading }}</h1>"))
    edited = _first_page(project)
    assert edited["compiled"] == ["message.html"] and '<h1 class="edited">Thanks</h1>' in edited["body"]
    # And where nothing can be written (Lambda), an edited template is compiled in memory and drawn
    template.write_text(template.read_text().replace('class="edited"', 'class="again"'))
    read_only = _first_page(project, "read-only")
    assert read_only["compiled"] == ["message.html"] and '<h1 class="again">Thanks</h1>' in read_only["body"]


_CLIENTS = (
    "import json, threading\n"
    "import botocore.session\n"
    "from moto import mock_aws\n"
    "made = []\n"
    "original = botocore.session.Session.create_client\n"
    "def counted(self, service_name, *args, **kwargs):\n"
    "    made.append([service_name, threading.current_thread() is threading.main_thread()])\n"
    "    return original(self, service_name, *args, **kwargs)\n"
    "botocore.session.Session.create_client = counted\n"
    "from chalicelib.candidates.models import CandidateItem, EmailClaimItem\n"
    "from chalicelib.companies.models import CompanyItem\n"
    "from chalicelib.ratelimit import CounterItem\n"
    "from chalicelib.notifications.suppressions import SuppressionItem\n"
    "from chalicelib.auth.tokens import TokenItem\n"
    "def use(model, *key):\n"
    "    try:\n"
    "        model.get(*(key or ('acme', 'x')))\n"
    "    except Exception:\n"
    "        pass  # no tables here: the call only has to build the model's client\n"
    "with mock_aws():\n"
    "    for model in (CompanyItem, CandidateItem, EmailClaimItem, CounterItem, SuppressionItem):\n"
    "        use(model)\n"
    "    worker = threading.Thread(target=use, args=(TokenItem, 'x'))\n"
    "    worker.start(); worker.join()\n"
    "print(json.dumps([entry for entry in made if entry[0] == 'dynamodb']))\n"
)


def test_dynamodb_models_on_the_handlers_thread_share_one_client():
    # Given a fresh interpreter, as a new Lambda container is
    result = subprocess.run([sys.executable, "-c", _CLIENTS], env=lambda_environment(), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    made = json.loads(result.stdout.strip().splitlines()[-1])
    # When five PynamoDB models make their first calls on the handler's thread, and one on another,
    # Then one DynamoDB client serves the five (PynamoDB alone builds one per model class, each
    # costing as much CPU as a first call); the other thread gets its own, as PynamoDB gives it
    assert made == [["dynamodb", True], ["dynamodb", False]]
