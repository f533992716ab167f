"""The deployment package: its size, zipped and unzipped, against the 10 MB goal.

    python -m bench.package
"""
from __future__ import annotations

import sys
import zipfile

from infrastructure.package import build_deployment_package

GOAL_BYTES = 10_000_000


def main() -> int:
    path = build_deployment_package()
    zipped = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        files = len(archive.infolist())
    ok = zipped <= GOAL_BYTES
    print(f"deployment.zip: {zipped / 1e6:.2f} MB zipped (goal <= {GOAL_BYTES / 1e6:.0f} MB){'' if ok else '  MISSED'}, "
          f"{unzipped / 1e6:.1f} MB unzipped, {files:,} files ({path.name})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
