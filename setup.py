"""Build step that puts the top-level cypher/, schema/ and neo4j-runtime/pom.xml into the
package being built (graphbuild/_data/), so that a wheel carries them; the folders stay the
single source. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = {"cypher": "*.cypher", "schema": "*", "neo4j-runtime": "pom.xml"}  # = graphbuild.resources.FOLDERS


class BuildPy(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the folders themselves
        for folder, pattern in SHIPPED.items():
            target = Path(self.build_lib) / "graphbuild" / "_data" / folder
            target.mkdir(parents=True, exist_ok=True)
            for path in sorted((HERE / folder).glob(pattern)):
                if path.is_file():
                    shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildPy})
