"""Operations: where a process starts (logging, worker set-up), Prometheus metrics, JSON logs."""
