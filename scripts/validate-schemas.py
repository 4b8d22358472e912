#!/usr/bin/env python3
"""Validate YAML content files against the JSON Schemas printed by `gongshi schema KIND`.

    python3 scripts/validate-schemas.py GONGSHI_BINARY SITE_DIR [SITE_DIR ...]

Checks site.yaml and every .yaml/.yml file under content/{windows,items,staff} of each site
(the Markdown kinds are front matter, which editors do not validate). YAML is read as YAML 1.2
reads it (as the VS Code YAML extension does): dates and `yes`/`no` stay text. Needs the
`jsonschema` and `PyYAML` packages. Exit 1 when a file is rejected.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 timestamps and yes/no/on/off booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)

FOLDERS = {"windows": "window", "items": "item", "staff": "staff"}


def main() -> int:
    binary, sites = sys.argv[1], sys.argv[2:]
    schemas = {}
    for kind in ["site", *FOLDERS.values()]:
        out = subprocess.run([binary, "schema", kind], check=True, capture_output=True, text=True).stdout
        schema = json.loads(out)
        validator = jsonschema.validators.validator_for(schema)
        validator.check_schema(schema)
        schemas[kind] = validator(schema, format_checker=validator.FORMAT_CHECKER)
    bad = checked = 0
    for site in map(Path, sites):
        files = [(site / "site.yaml", "site")]
        for folder, kind in FOLDERS.items():
            for path in sorted((site / "content" / folder).rglob("*")):
                if path.suffix in (".yaml", ".yml"):
                    files.append((path, kind))
        for path, kind in files:
            data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=Yaml12Loader)
            errors = list(schemas[kind].iter_errors(data))
            checked += 1
            for e in errors:
                bad += 1
                print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    print(f"{checked} files checked, {bad} schema errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
