from podium.exchange.api.endpoints import router

__all__ = ["router"]
