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
