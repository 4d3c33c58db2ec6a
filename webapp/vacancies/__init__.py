"""The jobs board: employers post vacancies, the county's job-services office reviews them, migrants browse them
without signing in and ask for a free referral or a training place (a service request to the job-services queue)."""
