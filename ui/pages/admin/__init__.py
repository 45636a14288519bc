"""The administration screens: users and sign-ins, the vessel catalogue, materials and
equipment, site settings."""
