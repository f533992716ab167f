"""Build the deployable template: Chalice's functions merged with infrastructure/template.yaml.

    python -m infrastructure.package --stage prod --out build/package

writes build/package/sam.yaml (and deployment.zip) for `aws cloudformation package/deploy`.
The stack's Stage parameter defaults to the Chalice stage, so the table and queue names the
functions get from .chalice/config.json are the ones the stack creates.

The deployment package is built here, not by Chalice's own packager, and left where Chalice
looks for it (`.chalice/deployments/<hash of requirements.txt and the app's files>.zip`), so
that both `chalice package` and `chalice deploy` reuse it as it is:

- dependencies are Linux x86_64 / CPython 3.11 wheels of requirements.txt, minus what Lambda's
  Python runtime already provides (boto3, botocore and their own dependencies);
- files nothing imports are left out (Powertools' Swagger UI bundle, utilities the product does
  not use, type stubs);
- the message catalogs are compiled (.mo) and every module ships compiled bytecode, so a cold
  start does not compile Python: the dependencies' as unchecked-hash .pyc (they never change in
  a package), the app's (app.py and Chalice's runtime included) as checked-hash .pyc (valid
  whatever the file times in the zip); the shipped jinja2 templates ship compiled too, each
  entry tied to its template's text (chalicelib/templating.py).
"""
from __future__ import annotations

import argparse
import compileall
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from infrastructure.locales import compile_catalogs
from infrastructure.provision import load_template

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = Path(__file__).with_name("function-overrides.yaml")
PYTHON_VERSION = "python3.11"
# Parts of chalicelib only the local stack registers (STAGE=local): never shipped.
LOCAL_ONLY = ("local",)
# Modules only operators run, from their own machine (python -m chalicelib.cli): never shipped.
OPERATOR_ONLY = ("cli", "aws/deadletters")

# Lambda's Python runtime ships these (boto3 and the packages it depends on).
PROVIDED_BY_RUNTIME = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")
# Inside dependencies: paths (relative to site-packages, globs) no code of ours reaches:
# Powertools' HTTP event handler with its Swagger UI bundle and the utilities the product does
# not use, pydantic's v1 compatibility copy, dnspython (email-validator needs it only for
# deliverability checks, which are off), cffi's Python half and pycparser (cryptography's
# compiled bindings load only the `_cffi_backend` extension), and the X-Ray SDK's patches for
# libraries the package does not contain (it patches only what is importable).
UNUSED = (
    "aws_lambda_powertools/event_handler",
    "aws_lambda_powertools/utilities/data_masking",
    "aws_lambda_powertools/utilities/feature_flags",
    "aws_lambda_powertools/utilities/kafka",
    "aws_lambda_powertools/utilities/auth_alpha",
    "aws_lambda_powertools/utilities/streaming",
    "aws_lambda_powertools/utilities/circuit_breaker",
    "wrapt-stubs",
    "pydantic/v1",
    "dns",
    "dnspython-*.dist-info",
    "pycparser",
    "pycparser-*.dist-info",
    "cffi",
    "pydantic/mypy.py",
    "pydantic/experimental",
    "**/*.c",
    *(f"aws_xray_sdk/ext/{lib}" for lib in (
        "aiobotocore", "aiohttp", "bottle", "django", "flask", "flask_sqlalchemy", "httpx", "mysql", "pg8000",
        "psycopg", "psycopg2", "pymongo", "pymysql", "requests", "sqlalchemy", "sqlalchemy_core")),
)


def deploy_time_variables(stage: str) -> dict[str, str]:
    """What app.py's decorators read when Chalice packages or deploys it, from the stage's config:
    the SES rate sets the notifications consumer's maximum concurrency."""
    from infrastructure.stage import stage_variables

    return {name: value for name, value in stage_variables(stage).items() if name == "SES_MAX_SEND_RATE"}


def merge_template(stage: str) -> dict:
    template = load_template()
    template["Parameters"]["Stage"]["Default"] = stage
    template["Resources"].update(yaml.safe_load(OVERRIDES.read_text())["Resources"])
    return template


def chalice_package_path() -> Path:
    """Where Chalice looks for (and reuses) the deployment package of the project as it is now."""
    from chalice.deploy.packager import DependencyBuilder, LambdaDeploymentPackager
    from chalice.utils import UI, OSUtils

    osutils = OSUtils()
    packager = LambdaDeploymentPackager(osutils, DependencyBuilder(osutils), UI())
    return Path(packager.deployment_package_filename(str(ROOT), PYTHON_VERSION))


def compile_app() -> None:
    """Fresh bytecode for the app, and nothing stale (Chalice ships chalicelib as it finds it).
    Checked-hash .pyc: Python uses one only while its source's hash matches, whatever the file
    times, and compiles the source otherwise. app.py's own is included: Lambda's /var/task is
    read-only, so a module shipped without bytecode is compiled again at every cold start. The
    shipped jinja2 templates too, each tied to its text (chalicelib/templating.py)."""
    for cache in (ROOT / "chalicelib").rglob("__pycache__"):
        shutil.rmtree(cache)
    compileall.compile_dir(ROOT / "chalicelib", quiet=1, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    py_compile.compile(str(ROOT / "app.py"), invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH, doraise=True)
    _compile_templates()


def _compile_templates() -> int:
    """Every shipped template compiled into chalicelib/templating.py's cache, through the very
    environments the pages and emails render with; how many."""
    from chalicelib.notifications.render import shipped_environments as emails
    from chalicelib.templating import SHIPPED
    from chalicelib.web.render import shipped_environments as pages

    compiled = 0
    for environment, folder in [*pages(), *emails()]:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".txt"):
                SHIPPED.compile_ahead(environment, path.relative_to(folder).as_posix())
                compiled += 1
    return compiled


def _bytecode(source: Path, build: Path, name: str) -> tuple[Path, str]:
    """``source``'s checked-hash .pyc, compiled into ``build``, and where it goes in the package."""
    target = build / name
    target.parent.mkdir(parents=True, exist_ok=True)
    py_compile.compile(str(source), cfile=str(target), invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH, doraise=True)
    return target, name


def _site_packages(target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", str(target),
         "--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", "3.11",
         "--only-binary=:all:", "-r", str(ROOT / "requirements.txt")],
        check=True,
    )
    for entry in list(target.iterdir()):
        name = entry.name.split("-")[0].lower().replace("python_", "")
        if name in PROVIDED_BY_RUNTIME or entry.name == "bin":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for pattern in UNUSED:
        for path in target.glob(pattern):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for stub in target.rglob("*.pyi"):
        stub.unlink()
    for cache in target.rglob("__pycache__"):
        shutil.rmtree(cache)
    # Dependencies ship as bytecode only, each module's .pyc where its .py was (Python imports
    # such "sourceless" modules directly): smaller than source and bytecode side by side.
    compileall.compile_dir(target, quiet=1, legacy=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    for source in target.rglob("*.py"):
        if source.with_suffix(".pyc").exists():
            source.unlink()


def _app_files(build: Path) -> list[tuple[Path, str]]:
    import chalice
    import chalice.app

    cache = f"__pycache__/{{}}.{sys.implementation.cache_tag}.pyc"
    files = [(Path(chalice.app.__file__), "chalice/app.py"), (Path(chalice.__file__), "chalice/__init__.py"),
             (ROOT / "app.py", "app.py"),
             # Chalice's runtime (some 2,000 lines) and app.py, which Chalice ships as source only
             _bytecode(Path(chalice.app.__file__), build, "chalice/" + cache.format("app")),
             _bytecode(Path(chalice.__file__), build, "chalice/" + cache.format("__init__")),
             _bytecode(ROOT / "app.py", build, cache.format("app"))]
    files += [(path, path.relative_to(ROOT).as_posix()) for path in sorted((ROOT / "chalicelib").rglob("*"))
              if path.is_file() and not path.relative_to(ROOT / "chalicelib").parts[0] in LOCAL_ONLY
              and not _operator_only(path.relative_to(ROOT / "chalicelib"))]
    return files


def _operator_only(relative: Path) -> bool:
    module = relative.parent.parent / relative.name.split(".")[0] if relative.parent.name == "__pycache__" else relative.with_suffix("")
    return module.as_posix() in OPERATOR_ONLY


def build_deployment_package() -> Path:
    """The package Chalice will reuse for `chalice package` and `chalice deploy`."""
    compile_catalogs()
    compile_app()
    target = chalice_package_path()
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site-packages"
        _site_packages(site)
        partial = target.with_suffix(".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(site).as_posix())
            for path, name in _app_files(Path(tmp) / "bytecode"):
                archive.write(path, name)
        partial.rename(target)
    return target


def package(stage: str, out: Path) -> Path:
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    build_deployment_package()
    merge_file = build / f"merge-{stage}.yaml"
    merge_file.write_text(yaml.safe_dump(merge_template(stage), sort_keys=False))
    chalice = Path(sys.executable).with_name("chalice")
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"), **deploy_time_variables(stage)}
    subprocess.run(
        [str(chalice), "package", "--stage", stage, "--merge-template", str(merge_file), str(out)],
        cwd=ROOT, env=env, check=True,
    )
    return next(out.glob("sam.*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "package")
    args = parser.parse_args()
    print(package(args.stage, args.out))


if __name__ == "__main__":
    main()
