Las personas abajo firmantes le pedimos que …

Diga lo que pide en el primer párrafo. Luego explique por qué:

1. la primera razón;
2. la segunda razón.
