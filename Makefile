.PHONY: run test demo bench bench-variations
run:   ## start the app (the demo warehouse when there is no real one)
	./run.sh
test:  ## the whole test suite
	./test.sh
demo:  ## rebuild the demo warehouse (data/demo.duckdb)
	scripts/ensure_env.sh && .venv/bin/python -m etl demo
bench: ## loader benchmarks (figures go into the README)
	scripts/ensure_env.sh --dev && .venv/bin/python benchmarks/bench_load.py
bench-variations: ## the variation corpus through the loader: right / wrong / missing values (issue 14)
	scripts/ensure_env.sh --dev && .venv/bin/python benchmarks/bench_variations.py
