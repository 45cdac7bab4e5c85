/* The Listen player block in the editor: a placeholder; the page renders the player (PHP). */
( function ( blocks, element, i18n ) {
	blocks.registerBlockType( 'tts-service/player', {
		edit: function () {
			return element.createElement( 'p', { className: 'tts-service-block-placeholder' },
				i18n.__( 'Listen: the post\'s audio player appears here.', 'tts-service' ) );
		},
		save: function () {
			return null;
		},
	} );
}( window.wp.blocks, window.wp.element, window.wp.i18n ) );
