import os

# Our matrices are small (one query, one sentence): BLAS worker threads only contend with each
# other and with concurrent interviews, costing 10-50x under load. Set before NumPy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
