import warnings

# futurist (under oslo.messaging) imports eventlet when it is installed, which
# warns on import. onestack never uses eventlet: native threads only.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
