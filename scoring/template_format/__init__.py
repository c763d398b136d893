"""The readable YAML format of indicator templates: parse into definitions with precise errors, and dump back.

A file holds one template, or several as YAML documents separated by ``---`` (Lengshuijiang's four domain
variants). Every problem names the path of its node, e.g. ``dimensions[A].items[A1].sub_items[A1.2].points``
(``[#3]`` where a node has no usable code), so a district officer can find it in the file.

``reading`` parses and validates (``parse_templates``, ``parse_template``, ``template_from_dict``) with the
readers of ``tree``, ``schemes`` and ``fields``; ``problems`` holds ``TemplateError``; ``writing`` dumps.
"""
