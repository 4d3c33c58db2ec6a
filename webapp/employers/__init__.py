"""Employers (用工单位): organisations with a unified social credit code that confirm their migrant workers."""
