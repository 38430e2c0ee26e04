from hypothesis import HealthCheck, settings

# Persona fixtures for every test in the project (tests/personas.py).
pytest_plugins = ["tests.personas"]

# Property tests check what holds, not how fast: on a shared 2-core machine a slow example
# is load, not a failure (the benchmarks measure speed).
settings.register_profile("korak", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("korak")
