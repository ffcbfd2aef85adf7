"""OGI Register (政府信息公开申请登记簿): an offline register of open-government-information applications."""

__version__ = "0.1.0"
APP_NAME = "政府信息公开申请登记簿"
