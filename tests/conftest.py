# selects oslo.service's threading backend before anything imports oslo_messaging
import onestack.rpc  # noqa: F401
