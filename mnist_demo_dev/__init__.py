"""Development tools for mnist-demo, outside the product: fake and simulated inputs for tests and benchmarks.

The app never imports this package. Tests and benchmarks both take their inputs from here and never
import each other.
"""
