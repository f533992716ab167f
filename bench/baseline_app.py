"""The yardstick for cold starts: a bare Chalice app that imports boto3 and makes one client."""
import boto3
from chalice import Chalice

app = Chalice(app_name="baseline")
dynamodb = boto3.client("dynamodb")


@app.route("/")
def index():
    return {"ok": True}
