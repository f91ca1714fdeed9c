# Shortcuts for the commands in README.md. `make test` is what CI runs (.ci/run).
MVN ?= mvn

.PHONY: build test fmt it run-local loadtest loadtest-reports

## build: compile every module and package the CLI jar (tests skipped)
build:
	$(MVN) -q package -DskipTests

## test: unit tests, Spotless check and ErrorProne, as CI runs them
test:
	$(MVN) -B verify

## fmt: format the Java sources with google-java-format
fmt:
	$(MVN) -q spotless:apply

## it: integration tests (XxxIT); none exist yet
it:
	@echo "no integration tests yet: they come with the store and agent issues"

## run-local: build, then run the CLI, e.g. make run-local ARGS="plan examples/network.json"
run-local: build
	./forja $(or $(ARGS),--help)

## loadtest: benchmarks (planning a generated 10,000-resource forma; the persister's per-update cost)
loadtest:
	$(MVN) -q -pl loadtest -am package -DskipTests
	java -cp "loadtest/target/forja-loadtest-0.1.0-SNAPSHOT.jar:loadtest/target/lib/*" \
	  dev.forja.loadtest.plan.PlanBenchmark --count 10000 --seed 42
	java -cp "loadtest/target/forja-loadtest-0.1.0-SNAPSHOT.jar:loadtest/target/lib/*" \
	  dev.forja.loadtest.persist.PersistBenchmark --sizes 200,2000,20000

## loadtest-reports: every load scenario on both stores, writing loadtest/reports (about 45 min)
loadtest-reports:
	loadtest/run-all.sh
