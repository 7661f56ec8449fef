.PHONY: run test demo bench
run:   ## start the app (builds the demo warehouse if absent)
	./run.sh
test:  ## the whole test suite
	./test.sh
demo:  ## rebuild the demo warehouse
	scripts/ensure_env.sh && .venv/bin/python -m etl demo
bench: ## loader benchmarks (figures go into the README)
	scripts/ensure_env.sh && .venv/bin/python benchmarks/bench_load.py
