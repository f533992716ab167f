"""The yardsticks for a cold request: minimal hand-written Chalice handlers making the same kind
of AWS calls as the product's, with plain boto3 (bench/coldstart.py compares against them).

- connect: a GetItem (the company), a PutItem (the candidate), a SendMessage (the thank-you email);
- page: a GetItem (the company) and an HTML page built from it;
- consumer: one SQS batch: a GetItem (the candidate) and an SES SendEmail.
"""
import json
import os

import boto3
from chalice import Chalice, Response

app = Chalice(app_name="baseline")
_clients = {}


def _client(name):
    if name not in _clients:
        _clients[name] = boto3.client(name)
    return _clients[name]


@app.route("/companies/{company}/connections", methods=["POST"])
def connect(company):
    body = app.current_request.json_body
    _client("dynamodb").get_item(TableName=os.environ["COMPANIES_TABLE"], Key={"company": {"S": company}, "sk": {"S": "company"}})
    _client("dynamodb").put_item(TableName=os.environ["CANDIDATES_TABLE"], Item={
        "company": {"S": company}, "sk": {"S": "candidate#baseline"}, "email": {"S": body["email"]}})
    url = _client("sqs").get_queue_url(QueueName=os.environ["NOTIFICATIONS_QUEUE"])["QueueUrl"]
    _client("sqs").send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "connect", "company": company}))
    return Response(body={"candidate_id": "baseline"}, status_code=201)


@app.route("/companies/{company}/connect", methods=["GET"])
def page(company):
    item = _client("dynamodb").get_item(TableName=os.environ["COMPANIES_TABLE"], Key={"company": {"S": company}, "sk": {"S": "company"}})
    name = item.get("Item", {}).get("name", {}).get("S", company)
    return Response(body=f"<!doctype html><title>{name}</title><h1>{name}</h1>", headers={"Content-Type": "text/html"})


@app.on_sqs_message(queue="notifications", batch_size=10, name="consumer")
def consumer(event):
    for record in event:
        _client("dynamodb").get_item(TableName=os.environ["CANDIDATES_TABLE"], Key={"company": {"S": "acme"}, "sk": {"S": "candidate#baseline"}})
        _client("sesv2").send_email(FromEmailAddress=os.environ["SENDER_ADDRESS"], Destination={"ToAddresses": ["ada@example.com"]},
                                    Content={"Simple": {"Subject": {"Data": "Hello"}, "Body": {"Text": {"Data": record.body}}}})
