"""Where extraction runs besides this process: ray_engine, on a Ray cluster."""
